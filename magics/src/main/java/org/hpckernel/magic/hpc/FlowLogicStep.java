package org.hpckernel.magic.hpc;

import org.hpckernel.cluster.Cluster;
import org.hpckernel.cluster.JobSpec;
import org.hpckernel.magic.MagicException;
import org.hpckernel.tracking.ArtifactRef;
import org.hpckernel.tracking.ArtifactStore;
import org.hpckernel.tracking.Blobs;
import org.hpckernel.tracking.FileStore;
import org.hpckernel.tracking.FlowLogic;

import java.io.IOException;
import java.nio.file.Files;


/**
 * The submit path's flow-logic hook: when a request names {@code flow_logic} (or {@code --flow-logic} is
 * given), the spec is rewritten to stage the flow logic, the dataset artifacts its params name, and the
 * job-side runner, and to run that runner. Without a flow logic the spec passes through unchanged.
 */
final class FlowLogicStep {

    private FlowLogicStep() {
    }

    static JobSpec apply(JobSpec spec, String flowRef, String className, String storeName, Cluster cluster) throws IOException {
        if (flowRef == null || flowRef.isBlank()) {
            return spec;
        }
        ArtifactStore store = switch (storeName) {
            case "local" -> FileStore.local(FileStore.defaultLocalRoot(System.getenv()));
            case "cluster" -> new FileStore(Blobs.remote(cluster.transport(), cluster.workRoot() + "/artifacts"));
            default -> throw new MagicException("--artifact-store is local or cluster, not '" + storeName + "'.");
        };
        JobSpec.Builder b = spec.toBuilder();
        try {
            FlowLogic.prepare(b, ArtifactRef.parse(flowRef), className, store, spec.params(), Files.createTempDirectory("hpc-flow"));
        } catch (IllegalArgumentException e) {
            throw new MagicException(e.getMessage());
        } catch (org.hpckernel.tracking.ArtifactNotFoundException e) {
            throw new MagicException(e.getMessage() + " Put it first: %wandb artifact put NAME FILE --type code.");
        }
        return b.build();
    }

}
