package dev.lepton.cli.apply;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.lepton.api.codec.Codec;
import dev.lepton.api.codec.WireFormatException;
import dev.lepton.api.v1.ApiCohort;
import dev.lepton.api.v1.ApiDeployment;
import dev.lepton.api.v1.ApiJob;
import dev.lepton.api.v1.ApiQueue;
import dev.lepton.api.v1.ObjectMeta;
import dev.lepton.api.v1.Versions;
import dev.lepton.cli.CliFailure;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads a YAML or JSON file of one or more documents ({@code ---} between them) into typed
 * manifests. The whole file is checked before anything is sent, so a typo in the third document
 * does not leave the first two applied. Errors read {@code FILE: document N: what is wrong}.
 */
public final class ManifestReader {
    static final String KNOWN_KINDS = "Job, Queue, Cohort, Deployment";

    private ManifestReader() {}

    /** The documents of {@code file} as the user named it, {@code -} for {@code stdin}. */
    public static List<Manifest> read(String file, InputStream stdin, String defaultProject) {
        return read(sourceName(file), content(file, stdin), defaultProject);
    }

    /** The file's name in messages. */
    public static String sourceName(String file) {
        return file.equals("-") ? "<stdin>" : file;
    }

    /** Where the paths in a file's documents ({@code code: DIR}, a deployment's {@code model}) start: its directory, or here for stdin. */
    public static Path base(String file) {
        return file.equals("-") ? Path.of("") : Path.of(file).toAbsolutePath().getParent();
    }

    private static byte[] content(String file, InputStream stdin) {
        try {
            return file.equals("-") ? stdin.readAllBytes() : Files.readAllBytes(Path.of(file));
        } catch (NoSuchFileException e) {
            throw CliFailure.badFile(sourceName(file), "no such file");
        } catch (IOException e) {
            throw CliFailure.badFile(sourceName(file), "cannot read (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")");
        }
    }

    /**
     * @param source the file name as the user typed it, for messages
     * @param defaultProject the project for documents whose metadata names none
     */
    public static List<Manifest> read(String source, byte[] content, String defaultProject) {
        List<Manifest> manifests = documents(source, content).stream()
                .map(document -> manifest(source, document, defaultProject)).toList();
        if (manifests.isEmpty()) {
            throw CliFailure.badFile(source, "no documents in the file; expected e.g. 'kind: Job' with metadata and spec");
        }
        return manifests;
    }

    /** A non-empty document: its number among those, and the line it starts on, for messages. */
    private record Document(int index, int line, JsonNode node) {
        String where() {
            return "document " + index + " (line " + line + ")";
        }
    }

    /**
     * Reads document by document from one parser: an object mapper's {@code readValues} would
     * unwrap a top-level list into its items, and the document numbers would no longer match.
     */
    private static List<Document> documents(String source, byte[] content) {
        List<Document> documents = new ArrayList<>();
        try (JsonParser parser = Codec.YAML.createParser(content)) {
            while (parser.nextToken() != null) {
                int line = parser.currentTokenLocation().getLineNr();
                JsonNode node = Codec.YAML.readTree(parser);
                // Empty documents (a leading or trailing ---) are harmless and not counted.
                if (node != null && !node.isNull() && !node.isMissingNode()) {
                    documents.add(new Document(documents.size() + 1, line, node));
                }
            }
        } catch (JsonProcessingException e) {
            throw CliFailure.badFile(source, "document " + (documents.size() + 1) + ": malformed YAML/JSON"
                    + at(e.getLocation()) + ": " + e.getOriginalMessage().lines().findFirst().orElse("").strip());
        } catch (IOException e) {
            throw CliFailure.badFile(source, "cannot read: " + e.getMessage());
        }
        return documents;
    }

    private static Manifest manifest(String source, Document document, String defaultProject) {
        JsonNode node = document.node();
        if (!node.isObject()) {
            throw CliFailure.badFile(source, document.where() + ": expected an object with 'kind', got "
                    + node.getNodeType().name().toLowerCase(Locale.ROOT));
        }
        JsonNode kind = node.get("kind");
        if (kind == null || !kind.isTextual() || kind.asText().isBlank()) {
            throw CliFailure.badFile(source, document.where() + ": missing 'kind' (known kinds: " + KNOWN_KINDS + ")");
        }
        checkApiVersion(source, document, node.get("apiVersion"));
        return switch (kind.asText()) {
            case ApiJob.KIND -> new Manifest.JobManifest(document.index(), job(source, document, defaultProject));
            case ApiQueue.KIND -> new Manifest.QueueManifest(document.index(), decode(source, document, ApiQueue.class));
            case ApiCohort.KIND -> new Manifest.CohortManifest(document.index(), decode(source, document, ApiCohort.class));
            case ApiDeployment.KIND -> new Manifest.DeploymentManifest(document.index(), deployment(source, document, defaultProject));
            default -> throw CliFailure.badFile(source, document.where() + ": unknown kind '" + kind.asText()
                    + "' (known kinds: " + KNOWN_KINDS + ")");
        };
    }

    private static void checkApiVersion(String source, Document document, JsonNode apiVersion) {
        if (apiVersion != null && !apiVersion.asText().equals(Versions.V1)) {
            throw CliFailure.badFile(source, document.where() + ": apiVersion '" + apiVersion.asText() + "' is not supported; use "
                    + Versions.V1);
        }
    }

    /** The server checks everything else about queues and cohorts, naming the field. */
    private static <T> T decode(String source, Document document, Class<T> type) {
        try {
            return Codec.readJson(Codec.toJsonBytes(document.node()), type);
        } catch (WireFormatException e) {
            throw CliFailure.badFile(source, document.where() + ": " + e.getMessage());
        }
    }

    private static ApiJob job(String source, Document document, String defaultProject) {
        ApiJob job;
        try {
            // Through bytes so that the codec's messages name the field at fault.
            job = Codec.readJson(Codec.toJsonBytes(document.node()), ApiJob.class);
        } catch (WireFormatException e) {
            throw CliFailure.badFile(source, document.where() + ": " + e.getMessage());
        }
        ObjectMeta meta = job.metadata();
        if (meta == null || meta.name() == null || meta.name().isBlank()) {
            throw CliFailure.badFile(source, document.where() + ": a Job needs metadata.name");
        }
        if (job.spec() == null) {
            throw CliFailure.badFile(source, document.where() + ": job '" + meta.name() + "' has no spec (it needs at least spec.command)");
        }
        String project = meta.project() == null || meta.project().isBlank() ? defaultProject : meta.project();
        return new ApiJob(ApiJob.KIND, Versions.V1, new ObjectMeta(meta.name(), project, meta.labels(), null, null, null),
                job.spec(), null);
    }

    /** A deployment as the file says it, in the default project if it names none; its status is the server's. */
    private static ApiDeployment deployment(String source, Document document, String defaultProject) {
        ApiDeployment deployment = decode(source, document, ApiDeployment.class);
        ObjectMeta meta = deployment.metadata();
        if (meta == null || meta.name() == null || meta.name().isBlank()) {
            throw CliFailure.badFile(source, document.where() + ": a Deployment needs metadata.name");
        }
        if (deployment.spec() == null) {
            throw CliFailure.badFile(source, document.where() + ": deployment '" + meta.name() + "' has no spec (it needs spec.model or spec.command)");
        }
        String project = meta.project() == null || meta.project().isBlank() ? defaultProject : meta.project();
        return new ApiDeployment(ApiDeployment.KIND, Versions.V1, new ObjectMeta(meta.name(), project, meta.labels(), null, null, null),
                deployment.spec(), null);
    }

    private static String at(JsonLocation location) {
        return location == null || location.getLineNr() < 1 ? ""
                : " at line " + location.getLineNr() + ", column " + location.getColumnNr();
    }
}
