-- Cloud accounts may authenticate with a Keystone application credential instead of a user's password.
-- password_secret then holds the application credential's secret (encrypted like a password); username is optional.
alter table cloud_account add column auth_type varchar(32) default 'password' not null;
alter table cloud_account add column application_credential_id varchar(255);
alter table cloud_account alter column username drop not null;
