package org.hpckernel.magic.hpc;

import java.io.IOException;
import org.hpckernel.cluster.Cluster;
import org.hpckernel.session.Hpc;
import picocli.CommandLine.Option;

/** {@code --profile NAME}, shared by the subcommands that talk to a cluster. */
final class ProfileOption {

    @Option(
            names = "--profile",
            paramLabel = "NAME",
            description = "Which cluster profile (default: the one chosen with %hpc profile use)")
    String profile;

    Cluster cluster(Hpc hpc) throws IOException {
        return profile == null ? hpc.cluster() : hpc.cluster(profile);
    }
}
