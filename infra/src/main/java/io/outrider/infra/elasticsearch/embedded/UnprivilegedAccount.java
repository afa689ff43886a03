package io.outrider.infra.elasticsearch.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The unprivileged uid that runs Elasticsearch when Outrider runs as root (Elasticsearch refuses to run as root):
 * ownership of its directories and whether it can reach a path at all.
 */
record UnprivilegedAccount(int uid, int gid) {

    /** The conventional {@code nobody} account. */
    static final UnprivilegedAccount NOBODY = new UnprivilegedAccount(65534, 65534);

    UnprivilegedAccount {
        if (uid <= 0) throw new IllegalArgumentException("uid <= 0: " + uid);
        if (gid <= 0) throw new IllegalArgumentException("gid <= 0: " + gid);
    }

    /** Whether this JVM runs with uid 0. */
    static boolean runningAsRoot() {
        try {
            return ((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")) == 0;
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return false; // not Linux: never root in the sense that matters here
        }
    }

    /** Gives the whole tree under {@code root} (and {@code root} itself) to this account. */
    void takeOwnership(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : (Iterable<Path>) paths::iterator) {
                Files.setAttribute(path, "unix:uid", uid, LinkOption.NOFOLLOW_LINKS);
                Files.setAttribute(path, "unix:gid", gid, LinkOption.NOFOLLOW_LINKS);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot give " + root + " to uid " + uid, e);
        }
    }

    /**
     * The first directory on the way to {@code path} that this account may not traverse (no execute permission for
     * others, and not its own), or empty when it can reach {@code path}.
     */
    Optional<Path> firstBlockingDirectory(Path path) {
        Path absolute = path.toAbsolutePath().normalize();
        for (Path dir = absolute.getParent(); dir != null; dir = dir.getParent()) {
            if (!Files.exists(dir)) continue;
            try {
                int owner = (Integer) Files.getAttribute(dir, "unix:uid");
                Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(dir);
                boolean traversable = owner == uid
                        ? permissions.contains(PosixFilePermission.OWNER_EXECUTE)
                        : permissions.contains(PosixFilePermission.OTHERS_EXECUTE);
                if (!traversable) return Optional.of(dir);
            } catch (IOException | UnsupportedOperationException e) {
                return Optional.of(dir);
            }
        }
        return Optional.empty();
    }
}
