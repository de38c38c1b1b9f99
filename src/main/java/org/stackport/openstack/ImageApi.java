package org.stackport.openstack;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.openstack4j.api.OSClient;
import org.openstack4j.model.image.v2.Image;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Glance v2 images. openstack4j returns one page of the image list and ignores Glance's {@code next} link
 * (a page is 25 images by default), so this class follows the markers itself.
 */
@Component
public class ImageApi {

    static final int PAGE_SIZE = 200;

    private final CloudSessions sessions;
    private final int pageSize;

    @Autowired
    public ImageApi(CloudSessions sessions) {
        this(sessions, PAGE_SIZE);
    }

    /** With a page size of our choice (tests use 1 to prove the pages are followed). */
    ImageApi(CloudSessions sessions, int pageSize) {
        this.sessions = sessions;
        this.pageSize = pageSize;
    }

    /** Every image the project may use, newest first, all pages. */
    public List<ImageInfo> list(CloudCredentials credentials) {
        return list(credentials, Map.of());
    }

    /** Images with exactly this name (Glance's name filter is exact), newest first. */
    public List<ImageInfo> named(CloudCredentials credentials, String name) {
        return list(credentials, Map.of("name", name));
    }

    /** The newest active image with this name. */
    public Optional<ImageInfo> findByName(CloudCredentials credentials, String name) {
        return named(credentials, name).stream().filter(ImageInfo::active).findFirst();
    }

    public Optional<ImageInfo> get(CloudCredentials credentials, String id) {
        OSClient.OSClientV3 os = sessions.open(credentials).client();
        return Optional.ofNullable(Failures.call("read image " + id, () -> os.imagesV2().get(id))).map(ImageApi::image);
    }

    private List<ImageInfo> list(CloudCredentials credentials, Map<String, String> filters) {
        OSClient.OSClientV3 os = sessions.open(credentials).client();
        return Failures.call("list images", () -> Paging.<Image>all(pageSize, filters, os.imagesV2()::list, Image::getId))
                .stream().map(ImageApi::image).toList();
    }

    private static ImageInfo image(Image i) {
        return new ImageInfo(i.getId(), i.getName(), lower(i.getStatus()), lower(i.getVisibility()),
                i.getMinDisk() == null ? 0 : i.getMinDisk(), i.getSize() == null ? 0 : i.getSize(),
                lower(i.getDiskFormat()), i.getCreatedAt() == null ? null : i.getCreatedAt().toInstant());
    }

    private static String lower(Object value) {
        return value == null ? null : value.toString().toLowerCase(Locale.ROOT);
    }
}
