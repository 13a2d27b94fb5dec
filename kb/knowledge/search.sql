-- kb's one search (kb/search.py): `kb search`, the /-/search page and the `search` canned
-- query all run this SQL with the same parameters, so they give the same rows.
--
-- Parameters (each may be empty): q, the words (kb_match turns them into an FTS5 query of
-- at most 32 words); speaker, a person (part of their name or any alias) or a speaker as
-- written; organisation (part of any of its names, or its acronym); commitment; series;
-- since and until (YYYY, YYYY-MM or YYYY-MM-DD, both included); kind (statement,
-- commitment_update, action_item, decision); order (relevance, newest, oldest); page (20
-- rows a page).
--
-- Bounded work: search_items' ids grow with the meeting's date (kb.search_index), so FTS5
-- hands matches over newest (or oldest) first, and the scan stops at 1,001 matches that pass
-- the filters. Those are ranked (bm25, best first) or listed by date; `total` counts them up
-- to 1,000, and `more` is 1 when more than 1,000 items match: the best matches are then the
-- best of the 1,000 from the newest meetings.
with items as not materialized (
  select i.id, i.meeting_id
  from search_items i
  where (coalesce(:kind, '') = '' or i.kind = :kind)
    and (coalesce(:since, '') = '' or i.date >= :since)
    and (coalesce(:until, '') = '' or substr(i.date, 1, length(:until)) <= :until)
    and (coalesce(:series, '') = '' or i.meeting_id in (
      select sm.meeting_id
      from series_meetings sm
      join series s on s.id = sm.series_id
      where s.name like '%' || :series || '%' or s.key like '%' || :series || '%'))
    and (coalesce(:commitment, '') = '' or i.commitment_id in (
      select id from commitments
      where name like '%' || :commitment || '%' or key like '%' || :commitment || '%'))
    and (coalesce(:organisation, '') = '' or i.organisation_id in (
      -- any name of the organisation: its other spellings and its acronym
      select og.organisation_id
      from organisations x
      join organisation_identities ox on ox.organisation_id = x.id
      join organisation_identities og on og.canonical_id = ox.canonical_id
      where x.name like '%' || :organisation || '%'
         or x.acronym like '%' || :organisation || '%'
      union
      select id from organisations
      where name like '%' || :organisation || '%' or acronym like '%' || :organisation || '%'))
    and (coalesce(:speaker, '') = '' or i.speaker like '%' || :speaker || '%'
      -- the real person behind the name the note gives, by their name or any alias
      or (i.meeting_id, i.people_id) in (
        select pn.meeting_id, pn.people_id
        from people p
        join person_names pn on pn.person_id = p.id
        where p.name like '%' || :speaker || '%' or p.aliases like '%' || :speaker || '%'))
),
matched as (
  select * from (
    -- bm25 is the costly part of a match (7 µs): only computed when it orders the rows
    select f.rowid as id,
           case when :order = 'newest' then null else f.rank end as score
    from search_items_fts f
    join items i on i.id = f.rowid
    where search_items_fts match kb_match(:q) and coalesce(:order, '') != 'oldest'
    order by f.rowid desc
    limit 1001)
  union all
  select * from (
    select f.rowid as id, null as score
    from search_items_fts f
    join items i on i.id = f.rowid
    where search_items_fts match kb_match(:q) and :order = 'oldest'
    order by f.rowid
    limit 1001)
),
counted as (
  select count(*) as n from matched
),
ranked as (
  select
    m.id,
    m.score,
    row_number() over (order by
      case when :order in ('newest', 'oldest') then null else m.score end,
      case when :order = 'oldest' then m.id end,
      m.id desc) as position
  from matched m
),
page as (
  select * from ranked
  where position <= 1000
    and position > 20 * (max(cast(coalesce(nullif(:page, ''), '1') as integer), 1) - 1)
    and position <= 20 * max(cast(coalesce(nullif(:page, ''), '1') as integer), 1)
)
select
  f.position,
  min(c.n, 1000) as total,
  c.n > 1000 as more,
  i.kind,
  i.item_id,
  i.meeting_id,
  m.date as meeting_date,
  m.title as meeting_title,
  s.name as series,
  -- an update spoken to by several people names them all
  case when i.speaker like '%, %' then i.speaker else coalesce(p.name, i.speaker) end
    as speaker,
  pn.person_id,
  o.name as organisation,
  coalesce(oi.canonical_id, i.organisation_id) as organisation_id,
  cm.name as commitment,
  i.commitment_id,
  i.status,
  i.section,
  i.text,
  -- matched words between char(2) and char(3); FTS5 reads only this page's rows for it
  snippet(search_items_fts, 0, char(2), char(3), '…', 40) as snippet,
  round(f.score, 3) as score,
  '/-/meeting/' || i.meeting_id || '#'
    || case i.kind when 'statement' then 's' when 'commitment_update' then 'u'
                   when 'action_item' then 'a' else 'd' end
    || '-' || i.item_id as url
-- one pass over the matches in the page's span of ids, FTS5 first (a lookup of one row by
-- rowid and MATCH runs the whole query again: 50 of them took 85 ms at 20,000 notes)
from search_items_fts
cross join page f on f.id = search_items_fts.rowid
cross join counted c
join search_items i on i.id = f.id
join meetings m on m.id = i.meeting_id
left join series_meetings sm on sm.meeting_id = i.meeting_id
left join series s on s.id = sm.series_id
left join person_names pn on pn.meeting_id = i.meeting_id and pn.people_id = i.people_id
left join people p on p.id = pn.person_id
left join organisations o on o.id = i.organisation_id
left join organisation_identities oi on oi.organisation_id = i.organisation_id
left join commitments cm on cm.id = i.commitment_id
where search_items_fts match kb_match(:q)
  and search_items_fts.rowid >= (select min(id) from page)
  and search_items_fts.rowid <= (select max(id) from page)
order by f.position
