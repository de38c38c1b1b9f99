package org.stackport.openstack;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.openstack4j.api.Builders;
import org.openstack4j.api.OSClient;
import org.openstack4j.model.storage.block.BlockLimits;
import org.openstack4j.model.storage.block.Volume;
import org.openstack4j.model.storage.block.VolumeAttachment;
import org.openstack4j.model.storage.block.builder.VolumeBuilder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/** Cinder v3 volumes, volume types and limits. */
@Component
public class VolumeApi {

    static final int PAGE_SIZE = 500;

    private final CloudSessions sessions;
    private final int pageSize;

    @Autowired
    public VolumeApi(CloudSessions sessions) {
        this(sessions, PAGE_SIZE);
    }

    /** With a page size of our choice (tests use a small one to prove the pages are followed). */
    VolumeApi(CloudSessions sessions, int pageSize) {
        this.sessions = sessions;
        this.pageSize = pageSize;
    }

    private OSClient.OSClientV3 client(CloudCredentials credentials) {
        return sessions.open(credentials).client();
    }

    /** Every volume of the project, newest first (all pages: Cinder answers at most 1000 at a time). */
    public List<VolumeInfo> list(CloudCredentials credentials) {
        return list(credentials, Map.of());
    }

    private List<VolumeInfo> list(CloudCredentials credentials, Map<String, String> filters) {
        OSClient.OSClientV3 os = client(credentials);
        return Failures.call("list volumes", () -> Paging.<Volume>all(pageSize, filters, os.blockStorage().volumes()::list, Volume::getId))
                .stream().map(VolumeApi::volume).toList();
    }

    /** Volumes with exactly this name (Cinder's name filter is exact). */
    public List<VolumeInfo> named(CloudCredentials credentials, String name) {
        return list(credentials, Map.of("name", name)).stream().filter(v -> name.equals(v.name())).toList();
    }

    public Optional<VolumeInfo> findByName(CloudCredentials credentials, String name) {
        return named(credentials, name).stream().findFirst();
    }

    /** Asks Cinder for a volume; it is "creating" at first (poll {@link #get}). */
    public VolumeInfo create(CloudCredentials credentials, VolumeSpec spec) {
        OSClient.OSClientV3 os = client(credentials);
        String action = "create volume " + spec.name();
        VolumeBuilder b = Builders.volume().name(spec.name()).size(spec.sizeGiB());
        if (spec.imageId() != null) {
            b.imageRef(spec.imageId());
        }
        if (spec.volumeType() != null) {
            b.volumeType(spec.volumeType());
        }
        if (spec.availabilityZone() != null) {
            b.zone(spec.availabilityZone());
        }
        return volume(Failures.present(action, Failures.call(action, () -> os.blockStorage().volumes().create(b.build())),
                "the volume service"));
    }

    public Optional<VolumeInfo> get(CloudCredentials credentials, String id) {
        OSClient.OSClientV3 os = client(credentials);
        return Optional.ofNullable(Failures.call("read volume " + id, () -> os.blockStorage().volumes().get(id))).map(VolumeApi::volume);
    }

    /**
     * Asks Cinder to delete a volume and tells whether it is gone on a confirming read (false: still deleting,
     * ask again later). A volume still attached is refused by Cinder (400) and reported as a failure; so is a
     * second DELETE of a volume that is already deleting, hence a volume seen deleting is only read again.
     */
    public boolean delete(CloudCredentials credentials, String id) {
        OSClient.OSClientV3 os = client(credentials);
        Volume current = Failures.call("read volume " + id, () -> os.blockStorage().volumes().get(id));
        if (current == null) {
            return true;
        }
        if (current.getStatus() != Volume.Status.DELETING) {
            String action = "delete volume " + id;
            ActionResults.doneOrGone(action, Failures.call(action, () -> os.blockStorage().volumes().delete(id)));
        }
        return Failures.call("confirm volume " + id + " is deleted", () -> os.blockStorage().volumes().get(id)) == null;
    }

    /** Names of the volume types the project may use. */
    public List<String> volumeTypes(CloudCredentials credentials) {
        OSClient.OSClientV3 os = client(credentials);
        return Failures.call("list volume types", () -> os.blockStorage().volumes().listVolumeTypes().stream()
                .map(t -> t.getName()).toList());
    }

    public VolumeLimits limits(CloudCredentials credentials) {
        OSClient.OSClientV3 os = client(credentials);
        String action = "read volume limits";
        BlockLimits.Absolute a = Failures.present(action, Failures.call(action, () -> os.blockStorage().getLimits()),
                "the volume limits").getAbsolute();
        return new VolumeLimits(a.getTotalVolumesUsed(), a.getMaxTotalVolumes(), a.getTotalGigabytesUsed(), a.getMaxTotalVolumeGigabytes());
    }

    private static VolumeInfo volume(Volume v) {
        List<String> servers = v.getAttachments() == null ? List.of()
                : v.getAttachments().stream().map(VolumeAttachment::getServerId).distinct().toList();
        return new VolumeInfo(v.getId(), v.getName(), v.getStatus() == null ? null : v.getStatus().value(), v.getSize(),
                bootable(v), v.getImageRef(), v.getVolumeType(), v.getZone(), servers);
    }

    private static boolean bootable(Volume v) {
        try {
            return v.bootable();
        } catch (NullPointerException e) {
            return false; // openstack4j unboxes a missing "bootable"
        }
    }
}
