-- The store's tables. Created on first open; statements are idempotent.
CREATE TABLE IF NOT EXISTS documents (
    doc_id VARCHAR PRIMARY KEY,
    origin VARCHAR,
    content_hash VARCHAR NOT NULL,
    raw VARCHAR NOT NULL,
    url VARCHAR,
    title VARCHAR,
    publication_date DATE,
    outlet VARCHAR,
    language VARCHAR,
    text VARCHAR NOT NULL,
    ingested_at TIMESTAMP
);
CREATE TABLE IF NOT EXISTS mentions (
    mention_id VARCHAR PRIMARY KEY,
    doc_id VARCHAR NOT NULL,
    payload VARCHAR NOT NULL
);
CREATE TABLE IF NOT EXISTS events (
    event_id VARCHAR PRIMARY KEY,
    event_type VARCHAR NOT NULL,
    mode VARCHAR,
    date DATE,
    date_lo DATE,
    date_hi DATE,
    date_source VARCHAR,
    date_precision VARCHAR,
    countries VARCHAR[],
    payload VARCHAR NOT NULL
);
-- How each event's date was found and how precise it is (README "Exports"): a store written before
-- these columns gains them here, empty for the events stored before.
ALTER TABLE events ADD COLUMN IF NOT EXISTS date_source VARCHAR;
ALTER TABLE events ADD COLUMN IF NOT EXISTS date_precision VARCHAR;
-- Which mention each event was merged from (a store written before this table had its name
-- called it event_sources: Store.open renames it).
CREATE TABLE IF NOT EXISTS event_mentions (
    event_id VARCHAR NOT NULL,
    mention_id VARCHAR NOT NULL,
    doc_id VARCHAR NOT NULL
);
CREATE TABLE IF NOT EXISTS meta (
    key VARCHAR PRIMARY KEY,
    value VARCHAR
);
-- People (views/actors.py), computed at ingest from the events and the texts they cite.
CREATE TABLE IF NOT EXISTS people (
    position INTEGER NOT NULL,
    person_id VARCHAR NOT NULL,
    countries VARCHAR[],
    search VARCHAR NOT NULL,
    keys VARCHAR[],
    payload VARCHAR NOT NULL
);

-- Plain views over the JSON of events and mentions, for SQL without json_extract (README "SQL").
-- Each participant of each event, in the order the event lists them (position 1, 2, ...).
CREATE OR REPLACE VIEW event_participants AS
SELECT event_id, event_type, mode, date, date_lo, date_hi, position,
       p[position].name AS name, p[position].country AS country, p[position].office AS office,
       p[position].role AS role
FROM (SELECT *, unnest(generate_series(1, len(p))) AS position
      FROM (SELECT event_id, event_type, mode, date, date_lo, date_hi,
                   from_json(payload::JSON -> 'participants',
                             '[{"name": "VARCHAR", "country": "VARCHAR", "office": "VARCHAR", "role": "VARCHAR"}]') AS p
            FROM events));
-- Each agreement an event signed, agreed or proposed.
CREATE OR REPLACE VIEW event_agreements AS
SELECT event_id, event_type, date, date_lo, date_hi, position, a[position].name AS name, a[position].status AS status
FROM (SELECT *, unnest(generate_series(1, len(a))) AS position
      FROM (SELECT event_id, event_type, date, date_lo, date_hi,
                   from_json(payload::JSON -> 'agreements', '[{"name": "VARCHAR", "status": "VARCHAR"}]') AS a
            FROM events));
-- The place of each event that has one (country: ISO 3166-1 alpha-3).
CREATE OR REPLACE VIEW event_places AS
SELECT event_id, event_type, date, date_lo, date_hi,
       json_extract_string(payload, '$.location.name') AS name,
       json_extract_string(payload, '$.location.country') AS country
FROM events WHERE json_extract_string(payload, '$.location.name') IS NOT NULL;
-- Each report of each event: the mention, its evidence with character offsets into the article's
-- clean text, and the article's metadata.
CREATE OR REPLACE VIEW event_sources AS
SELECT em.event_id, em.mention_id, em.doc_id,
       json_extract_string(m.payload, '$.source.evidence') AS evidence,
       CAST(json_extract(m.payload, '$.source.start') AS INTEGER) AS evidence_start,
       CAST(json_extract(m.payload, '$.source.end') AS INTEGER) AS evidence_end,
       d.url, d.title, d.outlet, d.publication_date, d.language
FROM event_mentions AS em
LEFT JOIN mentions AS m ON m.mention_id = em.mention_id
LEFT JOIN documents AS d ON d.doc_id = em.doc_id;
