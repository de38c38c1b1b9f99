-- What first-start set-up has been done once and must not be redone (e.g. after a user deleted its result).
create table first_start_marker (
    name  varchar(100) primary key,
    at    timestamp with time zone not null
);
