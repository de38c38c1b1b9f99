package org.stackport.simulator.internal;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPublicKey;
import java.util.Base64;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Nova's key pairs. They belong to the user who made them, not to a project: another user of the same project
 * neither lists nor reads them, and cannot boot with them. (The resource still records the project it was made
 * in, for the inventory and the orphan report.) Public keys are parsed as Nova does with the cryptography
 * library: the blob must be a well-formed key of the type the text names, with nothing after it.
 */
final class NovaKeypairs {

    static final String SEED_KEYPAIR = "demo-key";
    private static final Pattern KEYPAIR_NAME = Pattern.compile("[a-zA-Z0-9 _.@-]{1,255}");
    private static final String INVALID_KEY = "Keypair data is invalid: failed to generate fingerprint";
    /** EC point lengths (uncompressed, 0x04 || X || Y) by curve. */
    private static final Map<String, Integer> EC_POINTS = Map.of("nistp256", 65, "nistp384", 97, "nistp521", 133);

    private final World world;
    private final Nova nova;

    NovaKeypairs(World world, Nova nova) {
        this.world = world;
        this.nova = nova;
        world.project("dev", null).ifPresent(dev -> {
            String user = world.user("demo", null).map(World.User::id).orElse(null);
            ObjectNode key = keypair(SEED_KEYPAIR, "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIH0kqpf0Xjz6vXK6iY6mJ0i2w0ZyCw0m4pQ0qk6n7Zq3 demo@stackport",
                    user);
            world.add(Kinds.KEYPAIR, dev.id(), key);
        });
    }

    void register(Router router) {
        nova.route(router, "GET", Nova.PREFIX + "/os-keypairs", this::keypairs);
        nova.route(router, "POST", Nova.PREFIX + "/os-keypairs", this::createKeypair);
        nova.route(router, "GET", Nova.PREFIX + "/os-keypairs/{name}",
                r -> Nova.one("keypair", keypairView(keypair(r, r.param("name"), "show"), true, r)));
        nova.route(router, "DELETE", Nova.PREFIX + "/os-keypairs/{name}", r -> {
            world.remove(Kinds.KEYPAIR, keypair(r, r.param("name"), "delete").id);
            // 2.2 corrected the status to 204
            return NovaMicroversion.of(r).atLeast(2) ? SimResponse.noContent() : SimResponse.accepted(null);
        });
    }

    private Stream<Res> ofUser(String userId) {
        return world.all(Kinds.KEYPAIR).filter(k -> userId != null && userId.equals(k.body.path("user_id").asString()));
    }

    /** The caller's key pair of that name, as server create looks it up. */
    Optional<Res> find(SimRequest r, String name) {
        return ofUser(r.token().userId()).filter(k -> k.name().equals(name)).findFirst();
    }

    /**
     * Whose key pairs a call is about: the caller's, or from 2.10 the {@code user_id} asked for, which only admins
     * may name for another user.
     */
    private static String owner(SimRequest r, String requested, String rule) {
        String caller = r.token().userId();
        if (requested == null || !NovaMicroversion.of(r).atLeast(10) || requested.equals(caller)) {
            return caller;
        }
        if (!r.token().admin()) {
            throw ServiceError.nova(403, "forbidden", "Policy doesn't allow os_compute_api:os-keypairs:" + rule + " to be performed.");
        }
        return requested;
    }

    private Res keypair(SimRequest r, String name, String rule) {
        String userId = owner(r, r.query("user_id"), rule);
        return ofUser(userId).filter(k -> k.name().equals(name)).findFirst().orElseThrow(() -> ServiceError.nova(404,
                "itemNotFound", "Keypair " + name + " not found for user " + userId));
    }

    private SimResponse keypairs(SimRequest r) {
        ObjectNode body = Json.object();
        ArrayNode list = body.putArray("keypairs");
        ofUser(owner(r, r.query("user_id"), "index")).sorted(Comparator.comparing(Res::name))
                .forEach(k -> list.addObject().set("keypair", keypairView(k, false, r)));
        return SimResponse.ok(body);
    }

    private SimResponse createKeypair(SimRequest r) {
        JsonNode k = Nova.root(r, "keypair");
        String name = Json.text(k, "name");
        if (name == null || !KEYPAIR_NAME.matcher(name).matches()) {
            throw ServiceError.nova(400, "badRequest", "Keypair data is invalid: Keypair name contains unsafe characters");
        }
        NovaMicroversion version = NovaMicroversion.of(r);
        // type came with 2.2, user_id with 2.10: before, the schema allows neither
        for (String field : List.of("type", "user_id")) {
            if (k.has(field) && !version.atLeast(field.equals("type") ? 2 : 10)) {
                throw NovaChecks.invalid("keypair", k, "Additional properties are not allowed ('" + field + "' was unexpected)");
            }
        }
        String type = k.has("type") ? k.get("type").asString() : "ssh";
        if (!List.of("ssh", "x509").contains(type)) {
            throw NovaChecks.invalid("type", k.get("type"), NovaChecks.repr(k.get("type")) + " is not one of ['ssh', 'x509']");
        }
        String userId = owner(r, Json.text(k, "user_id"), "create");
        if (ofUser(userId).anyMatch(x -> x.name().equals(name))) {
            throw ServiceError.nova(409, "conflictingRequest", "Key pair '" + name + "' already exists.");
        }
        // Nova counts key pairs per user against the key_pairs limit
        int limit = world.quota(r.projectId(), "key_pairs");
        if (limit >= 0 && ofUser(userId).count() + 1 > limit) {
            throw ServiceError.nova(403, "forbidden", "Quota exceeded, too many key pairs.");
        }
        String publicKey = Json.text(k, "public_key");
        String privateKey = null;
        if (publicKey == null) {
            String[] generated = generateKeyPair(name);
            publicKey = generated[0];
            privateKey = generated[1];
        } else if (fingerprint(publicKey) == null) {
            throw ServiceError.nova(400, "badRequest", INVALID_KEY);
        }
        ObjectNode stored = keypair(name, publicKey.strip(), userId);
        stored.put("type", type);
        Res res = world.add(Kinds.KEYPAIR, r.projectId(), stored);
        ObjectNode view = keypairView(res, false, r);
        view.put("user_id", userId);
        if (privateKey != null) {
            view.put("private_key", privateKey);
        }
        ObjectNode body = Json.object();
        body.set("keypair", view);
        // 2.2 corrected the status to 201
        return new SimResponse(version.atLeast(2) ? 201 : 200, body, Map.of());
    }

    private ObjectNode keypair(String name, String publicKey, String userId) {
        ObjectNode b = Json.object();
        b.put("name", name).put("public_key", publicKey).put("fingerprint", fingerprint(publicKey)).put("user_id", userId)
                .put("created_at", Nova.isoMicros(world.now()));
        return b;
    }

    private static ObjectNode keypairView(Res k, boolean detail, SimRequest r) {
        ObjectNode o = Json.object();
        o.put("name", k.name()).put("public_key", k.body.path("public_key").asString())
                .put("fingerprint", k.body.path("fingerprint").asString());
        if (NovaMicroversion.of(r).atLeast(2)) {
            o.put("type", k.body.path("type").asString("ssh"));
        }
        if (detail) {
            o.put("user_id", k.body.path("user_id").asString()).put("created_at", k.body.path("created_at").asString())
                    .put("deleted", false).putNull("deleted_at").putNull("updated_at")
                    .put("id", Math.abs(k.id.hashCode() % 100000));
        }
        return o;
    }

    /** MD5 of the key blob in colon-separated hex, as Nova shows it; null when the key cannot be read. */
    static String fingerprint(String publicKey) {
        String[] parts = publicKey.strip().split("\\s+");
        if (parts.length < 2) {
            return null;
        }
        try {
            byte[] blob = Base64.getDecoder().decode(parts[1]);
            if (!wellFormed(parts[0], blob)) {
                return null;
            }
            byte[] md5 = MessageDigest.getInstance("MD5").digest(blob);
            return HexFormat.ofDelimiter(":").formatHex(md5);
        } catch (IllegalArgumentException | NoSuchAlgorithmException e) {
            return null;
        }
    }

    /** The SSH wire format of the named key type, read to its last byte (cryptography refuses excess data). */
    private static boolean wellFormed(String type, byte[] blob) {
        ByteBuffer in = ByteBuffer.wrap(blob);
        byte[] blobType = sshString(in);
        if (blobType == null || !type.equals(new String(blobType, StandardCharsets.US_ASCII))) {
            return false;
        }
        boolean fields;
        if (type.equals("ssh-rsa")) {
            fields = positive(sshString(in)) && positive(sshString(in));
        } else if (type.equals("ssh-dss")) {
            fields = positive(sshString(in)) && positive(sshString(in)) && positive(sshString(in)) && positive(sshString(in));
        } else if (type.equals("ssh-ed25519")) {
            byte[] key = sshString(in);
            fields = key != null && key.length == 32;
        } else if (type.startsWith("ecdsa-sha2-")) {
            String curve = type.substring("ecdsa-sha2-".length());
            byte[] named = sshString(in);
            byte[] point = sshString(in);
            fields = EC_POINTS.containsKey(curve) && named != null && curve.equals(new String(named, StandardCharsets.US_ASCII))
                    && point != null && point.length == EC_POINTS.get(curve) && point[0] == 4;
        } else {
            fields = false;
        }
        return fields && !in.hasRemaining();
    }

    private static byte[] sshString(ByteBuffer in) {
        if (in.remaining() < 4) {
            return null;
        }
        int length = in.getInt();
        if (length < 0 || length > in.remaining()) {
            return null;
        }
        byte[] data = new byte[length];
        in.get(data);
        return data;
    }

    private static boolean positive(byte[] mpint) {
        return mpint != null && mpint.length > 0 && new BigInteger(mpint).signum() > 0;
    }

    /** [OpenSSH public key, PEM private key] of a new RSA key pair, as Nova generates when no key is given. */
    private static String[] generateKeyPair(String name) {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(2048);
            KeyPair pair = g.generateKeyPair();
            RSAPublicKey pub = (RSAPublicKey) pair.getPublic();
            ByteArrayOutputStream blob = new ByteArrayOutputStream();
            sshString(blob, "ssh-rsa".getBytes(StandardCharsets.US_ASCII));
            sshString(blob, pub.getPublicExponent().toByteArray());
            sshString(blob, pub.getModulus().toByteArray());
            String publicKey = "ssh-rsa " + Base64.getEncoder().encodeToString(blob.toByteArray()) + " Generated-by-Nova";
            String privateKey = "-----BEGIN PRIVATE KEY-----\n"
                    + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(pair.getPrivate().getEncoded())
                    + "\n-----END PRIVATE KEY-----\n";
            return new String[] {publicKey, privateKey};
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("RSA is not available to generate key pair " + name, e);
        }
    }

    private static void sshString(ByteArrayOutputStream out, byte[] data) {
        out.write((data.length >>> 24) & 0xFF);
        out.write((data.length >>> 16) & 0xFF);
        out.write((data.length >>> 8) & 0xFF);
        out.write(data.length & 0xFF);
        out.writeBytes(data);
    }
}
