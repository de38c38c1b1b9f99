-- A delete may ask that the cluster's PersistentVolumeClaims go first (their volumes are deleted by the CSI driver
-- while the cluster still runs); without it, volumes the claims made stay in the cloud for the user.
alter table cluster add column delete_volume_claims boolean default false not null;
