-- The replicas an app was given through the API; NULL means its image's daas.replicas label (else 1).
ALTER TABLE apps ADD COLUMN replicas INTEGER NULL;
