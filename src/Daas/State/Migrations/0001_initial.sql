-- Apps, their releases and env vars. Docker is the truth about what runs; these rows are the
-- truth about what should run (apps.current_release_id).
CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE apps (
    name               TEXT PRIMARY KEY,
    current_release_id INTEGER NULL,
    created_at         TEXT NOT NULL
);

CREATE TABLE releases (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    app         TEXT NOT NULL REFERENCES apps(name) ON DELETE CASCADE,
    image       TEXT NOT NULL,
    digest      TEXT NOT NULL,
    config_hash TEXT NOT NULL,
    status      TEXT NOT NULL,
    reason      TEXT NULL,
    created_at  TEXT NOT NULL,
    finished_at TEXT NULL
);
CREATE INDEX releases_by_app ON releases(app, id);

CREATE TABLE env_vars (
    app   TEXT NOT NULL REFERENCES apps(name) ON DELETE CASCADE,
    key   TEXT NOT NULL,
    value TEXT NOT NULL,
    PRIMARY KEY (app, key)
);
