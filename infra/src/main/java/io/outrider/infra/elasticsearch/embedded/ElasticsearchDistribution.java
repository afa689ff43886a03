package io.outrider.infra.elasticsearch.embedded;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;
import java.util.UUID;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Elasticsearch distribution (the {@code integ-test-zip} artifact from Maven Central): where its zip is, and
 * its unpacked copy, made once and shared by every node started from it.
 */
public final class ElasticsearchDistribution {

    private static final Logger log = LoggerFactory.getLogger(ElasticsearchDistribution.class);
    private static final String ARTIFACT_PATH = "org/elasticsearch/distribution/integ-test-zip/elasticsearch";

    private final String version;
    private final Path zip;

    private ElasticsearchDistribution(String version, Path zip) {
        this.version = version;
        this.zip = zip;
    }

    /**
     * The distribution of {@code version}: the zip at {@code explicitZip} when given, else the one the build
     * resolved into the local Maven repository.
     */
    public static ElasticsearchDistribution locate(String version, @Nullable Path explicitZip) {
        Path zip = explicitZip != null
                ? explicitZip
                : localMavenRepository().resolve(ARTIFACT_PATH + "/" + version + "/elasticsearch-" + version + ".zip");
        if (!Files.isRegularFile(zip)) {
            throw new EmbeddedElasticsearchException(
                    "The Elasticsearch " + version + " distribution is not at " + zip + ". "
                            + "Build once with ./mvnw (it fetches the zip through Maven), "
                            + "or set outrider.elasticsearch.embedded.distribution to the zip, "
                            + "or set outrider.elasticsearch.uris to use an external cluster.",
                    null);
        }
        return new ElasticsearchDistribution(version, zip);
    }

    static Path localMavenRepository() {
        String configured = System.getProperty("maven.repo.local");
        if (configured != null && !configured.isBlank()) return Path.of(configured);
        return Path.of(System.getProperty("user.home"), ".m2", "repository");
    }

    public String version() {
        return version;
    }

    public Path zip() {
        return zip;
    }

    /**
     * The unpacked distribution under {@code distributionsDir}, unpacking it first if no earlier start did. Unpacking
     * goes to a private directory that is then renamed, so a half-written copy is never used.
     */
    public Path unpackInto(Path distributionsDir, long minFreeBytes) {
        Path target = distributionsDir.resolve("elasticsearch-" + version);
        if (Files.isExecutable(target.resolve("bin/elasticsearch"))) return target;
        try {
            Files.createDirectories(distributionsDir);
            makeTraversable(distributionsDir);
            long free = Files.getFileStore(distributionsDir).getUsableSpace();
            if (free < minFreeBytes) {
                throw new EmbeddedElasticsearchException(
                        "Not enough free disk under " + distributionsDir + ": " + megabytes(free)
                                + " MB free, the embedded Elasticsearch needs at least " + megabytes(minFreeBytes)
                                + " MB. Free some space or point outrider.home at a larger disk.",
                        null);
            }
            log.info("Unpacking Elasticsearch {} into {} (first start only)", version, target);
            Path staging = distributionsDir.resolve(".unpacking-" + UUID.randomUUID());
            unzipStrippingTopFolder(staging);
            try {
                Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileAlreadyExistsException
                    | AtomicMoveNotSupportedException
                    | java.nio.file.DirectoryNotEmptyException raced) {
                deleteTree(staging); // another process unpacked it at the same time
            }
            return target;
        } catch (IOException e) {
            throw new EmbeddedElasticsearchException(
                    "Cannot unpack " + zip + " into " + distributionsDir + ": " + e.getMessage()
                            + ". Check that the disk has room and the directory is writable.",
                    null,
                    e);
        }
    }

    private void unzipStrippingTopFolder(Path staging) throws IOException {
        try (ZipFile archive = ZipFile.builder().setPath(zip).get()) {
            for (ZipArchiveEntry entry : Collections.list(archive.getEntries())) {
                String name = entry.getName();
                int slash = name.indexOf('/');
                if (slash < 0 || slash == name.length() - 1) continue; // the top folder itself
                Path out = staging.resolve(name.substring(slash + 1)).normalize();
                if (!out.startsWith(staging)) throw new IOException("zip entry escapes the target directory: " + name);
                if (entry.isDirectory()) {
                    Files.createDirectories(out);
                    continue;
                }
                Files.createDirectories(out.getParent());
                try (InputStream in = archive.getInputStream(entry)) {
                    Files.copy(in, out);
                }
                int mode = entry.getUnixMode();
                if (mode != 0) Files.setPosixFilePermissions(out, permissions(mode));
            }
        }
        try (var dirs = Files.walk(staging)) {
            for (Path dir : (Iterable<Path>) dirs.filter(Files::isDirectory)::iterator) makeTraversable(dir);
        }
    }

    /** Directories of the distribution must be readable by the unprivileged account that runs Elasticsearch. */
    private static void makeTraversable(Path dir) throws IOException {
        Set<PosixFilePermission> permissions = EnumSet.copyOf(Files.getPosixFilePermissions(dir));
        permissions.addAll(EnumSet.of(
                PosixFilePermission.OWNER_READ,
                PosixFilePermission.OWNER_WRITE,
                PosixFilePermission.OWNER_EXECUTE,
                PosixFilePermission.GROUP_READ,
                PosixFilePermission.GROUP_EXECUTE,
                PosixFilePermission.OTHERS_READ,
                PosixFilePermission.OTHERS_EXECUTE));
        Files.setPosixFilePermissions(dir, permissions);
    }

    private static Set<PosixFilePermission> permissions(int mode) {
        Set<PosixFilePermission> permissions = EnumSet.noneOf(PosixFilePermission.class);
        PosixFilePermission[] bits = {
            PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_READ,
            PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_READ,
            PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_READ
        };
        for (int i = 0; i < bits.length; i++) {
            if ((mode & (1 << i)) != 0) permissions.add(bits[i]);
        }
        permissions.add(PosixFilePermission.OWNER_READ);
        return permissions;
    }

    static long megabytes(long bytes) {
        return bytes / (1024 * 1024);
    }

    static void deleteTree(Path root) {
        if (!Files.exists(root)) return;
        try (var paths = Files.walk(root)) {
            for (Path path : (Iterable<Path>) paths.sorted(java.util.Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + root, e);
        }
    }
}
