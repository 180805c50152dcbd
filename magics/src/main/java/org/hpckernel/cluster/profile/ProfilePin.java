package org.hpckernel.cluster.profile;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.hpckernel.HpcException;

/**
 * A notebook folder's own profile: {@code HPC_PROFILE=NAME} in its {@code .env}, or
 * {@code profile: NAME} in an {@code hpc.yaml} beside the notebook. {@code .env} wins when both
 * name one, as it is the more specific HPC-Ops convention.
 */
public record ProfilePin(String profile, Path source) {

    private static final com.fasterxml.jackson.databind.ObjectMapper YAML = org.hpckernel.Json.yaml();

    public static Optional<ProfilePin> read(Path folder) throws IOException {
        String fromEnv = DotEnv.read(folder).get("HPC_PROFILE");
        if (fromEnv != null && !fromEnv.isBlank()) {
            return Optional.of(new ProfilePin(fromEnv.strip(), folder.resolve(".env")));
        }
        Path yaml = folder.resolve("hpc.yaml");
        if (!Files.isRegularFile(yaml)) {
            return Optional.empty();
        }
        JsonNode root;
        try {
            root = YAML.readTree(yaml.toFile());
        } catch (IOException e) {
            throw new HpcException(
                    "Cannot read " + yaml + ": " + e.getMessage().split("\n")[0] + ". It should say: profile: NAME");
        }
        JsonNode name = root == null ? null : root.get("profile");
        return name == null || name.asText().isBlank()
                ? Optional.empty()
                : Optional.of(new ProfilePin(name.asText().strip(), yaml));
    }
}
