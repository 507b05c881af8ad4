-- Releases become immutable snapshots (digest, env, settings), numbered per app, with what
-- triggered them and their state. apps.desired_release_id is what should run, written before a
-- push or API call is acknowledged; apps.current_release_id is what last passed the health gate.
ALTER TABLE apps ADD COLUMN desired_release_id INTEGER NULL;
ALTER TABLE apps ADD COLUMN run_state TEXT NOT NULL DEFAULT 'running';
ALTER TABLE releases ADD COLUMN number INTEGER NOT NULL DEFAULT 0;
ALTER TABLE releases ADD COLUMN trigger TEXT NOT NULL DEFAULT 'push';
ALTER TABLE releases ADD COLUMN env TEXT NOT NULL DEFAULT '{}';
ALTER TABLE releases ADD COLUMN settings TEXT NULL;
ALTER TABLE releases ADD COLUMN source_number INTEGER NULL;

UPDATE releases SET number = (SELECT COUNT(*) FROM releases older WHERE older.app = releases.app AND older.id <= releases.id);
UPDATE releases SET env = (SELECT json_group_object(key, value) FROM env_vars WHERE env_vars.app = releases.app)
    WHERE EXISTS (SELECT 1 FROM env_vars WHERE env_vars.app = releases.app);
-- A current release left at "starting" by a crash between two writes did pass its health gate.
UPDATE releases SET status = 'running' WHERE status = 'starting' AND id IN (SELECT current_release_id FROM apps);
UPDATE releases SET status = 'failed', reason = 'cut short by a restart of DaaS' WHERE status = 'starting';
UPDATE apps SET desired_release_id = current_release_id;
CREATE UNIQUE INDEX releases_by_number ON releases(app, number);
DROP TABLE env_vars;
