"""The site: Datasette with kb's plugin (``plugin``), its pages (``pages``, ``page_data``,
``marking``, ``templates/``, ``static/``) and the server (``serve``).

May import: ``kb.knowledge``, ``kb.storage``, ``kb.bundled``. Never the command line.
"""
