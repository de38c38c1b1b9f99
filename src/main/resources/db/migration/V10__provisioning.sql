-- The provisioning engine (issue 10). A cluster gets an immutable uid (its cloud resources' names and tags carry
-- it: two clusters named alike never share a resource), a progress figure, the time its deletion began (force
-- delete opens 15 minutes later) and the control-plane endpoint once known.
alter table cluster add column uid varchar(36);
alter table cluster add column progress integer default 0 not null;
alter table cluster add column deleting_since timestamp with time zone;
alter table cluster add column control_plane_endpoint varchar(300);
create unique index cluster_uid_unique on cluster (uid);

-- One row per cluster the engine works on: what it resolved once (image, flavor, network ids: JSON) and the
-- cluster's bootstrap material (CAs, service-account key, join token; encrypted).
create table provisioning_run (
    cluster_id  bigint primary key references cluster (id) on delete cascade,
    facts       varchar(20000),
    secrets     varchar(40000),
    started_at  timestamp with time zone not null,
    updated_at  timestamp with time zone not null
);

-- The step journal: one row per step of a phase (deploy or delete). state: pending, running, done, failed,
-- retrying. poll_at is when the step wants to be looked at again; deadline when waiting turns into failure.
create table provisioning_step (
    cluster_id  bigint       not null references cluster (id) on delete cascade,
    phase       varchar(10)  not null,
    step_key    varchar(300) not null,
    seq         bigint       not null,
    task        varchar(400) not null,
    state       varchar(10)  not null,
    attempts    integer      not null,
    message     varchar(2000),
    started_at  timestamp with time zone not null,
    updated_at  timestamp with time zone not null,
    poll_at     timestamp with time zone,
    deadline    timestamp with time zone,
    primary key (cluster_id, phase, step_key)
);
create index provisioning_step_by_seq on provisioning_step (cluster_id, seq);

-- The resource ledger: one row per cloud resource the cluster owns. state: intended (written before the create
-- call), created (the cloud gave an id), ready, deleting, gone (a read answered 404). detail: what the console shows
-- (status, address, zone).
create table provisioning_resource (
    cluster_id  bigint       not null references cluster (id) on delete cascade,
    res_key     varchar(300) not null,
    kind        varchar(40)  not null,
    name        varchar(255) not null,
    cloud_id    varchar(100),
    state       varchar(10)  not null,
    detail      varchar(2000),
    seq         bigint       not null,
    updated_at  timestamp with time zone not null,
    primary key (cluster_id, res_key)
);
