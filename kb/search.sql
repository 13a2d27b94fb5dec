-- kb's one search (kb/search.py): `kb search`, the /-/search page and the `search` canned
-- query all run this SQL with the same parameters, so they give the same rows.
--
-- Parameters (each may be empty): q, the words (kb_match turns them into an FTS5 query of
-- at most 32 words); speaker, a person (part of their name or any alias) or a speaker as
-- written; organisation (part of any of its names, or its acronym); commitment; series;
-- since and until (YYYY, YYYY-MM or YYYY-MM-DD, both included); kind (statement,
-- commitment_update, action_item, decision); order (relevance, newest, oldest); page (50
-- rows a page). Every row carries the total number of matches.
with hits as (
  select rowid as id, rank as score
  from search_items_fts
  where search_items_fts match kb_match(:q)
),
found as (
  select
    i.id,
    h.score,
    count(*) over () as total,
    row_number() over (order by
      case when :order in ('newest', 'oldest') then i.date is null end,
      case when :order = 'newest' then i.date end desc,
      case when :order = 'oldest' then i.date end,
      case when :order in ('newest', 'oldest') then null else h.score end,
      i.date desc, i.meeting_id, i.start, i.id) as position
  from hits h
  join search_items i on i.id = h.id
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
    and (coalesce(:speaker, '') = '' or i.speaker like '%' || :speaker || '%' or exists (
      -- the real person behind the name the note gives, by their name or any alias
      select 1
      from person_names pn
      join persons p on p.id = pn.person_id
      where pn.meeting_id = i.meeting_id and pn.people_id = i.people_id
        and (p.name like '%' || :speaker || '%' or p.aliases like '%' || :speaker || '%')))
),
page as (
  select * from found
  where position > 50 * (max(cast(coalesce(nullif(:page, ''), '1') as integer), 1) - 1)
    and position <= 50 * max(cast(coalesce(nullif(:page, ''), '1') as integer), 1)
)
select
  f.position,
  f.total,
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
  c.name as commitment,
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
from page f
cross join search_items_fts
join search_items i on i.id = f.id
join meetings m on m.id = i.meeting_id
left join series_meetings sm on sm.meeting_id = i.meeting_id
left join series s on s.id = sm.series_id
left join person_names pn on pn.meeting_id = i.meeting_id and pn.people_id = i.people_id
left join persons p on p.id = pn.person_id
left join organisations o on o.id = i.organisation_id
left join organisation_identities oi on oi.organisation_id = i.organisation_id
left join commitments c on c.id = i.commitment_id
where search_items_fts.rowid = f.id and search_items_fts match kb_match(:q)
order by f.position
