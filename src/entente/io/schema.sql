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
    countries VARCHAR[],
    payload VARCHAR NOT NULL
);
CREATE TABLE IF NOT EXISTS event_sources (
    event_id VARCHAR NOT NULL,
    mention_id VARCHAR NOT NULL,
    doc_id VARCHAR NOT NULL
);
CREATE TABLE IF NOT EXISTS meta (
    key VARCHAR PRIMARY KEY,
    value VARCHAR
);
