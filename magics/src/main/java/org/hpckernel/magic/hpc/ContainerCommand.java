package org.hpckernel.magic.hpc;

import java.util.Optional;
import java.util.concurrent.Callable;
import org.hpckernel.cluster.Cluster;
import org.hpckernel.cluster.JobSpec;
import org.hpckernel.cluster.container.ContainerDefinition;
import org.hpckernel.cluster.container.ImageBuild;
import org.hpckernel.magic.MagicException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code %%hpc container build}: container images built on the cluster, as jobs. */
@Command(
        name = "container",
        description = "Container images on the cluster.",
        subcommands = ContainerCommand.Build.class)
final class ContainerCommand {

    @ParentCommand
    HpcMagic parent;

    @Command(
            name = "build",
            description =
                    "Build an Apptainer/Singularity image as a job: the cell is its definition file. The image "
                            + "lands in the profile's image folder (images under the work root unless the profile sets --images), the definition beside "
                            + "it as NAME.def; --container NAME.sif finds it there. Shows the build job's id; follow it with %hpc wait and %hpc logs.",
            footer = {
                "",
                "Examples:",
                "  %%hpc container build pytorch.sif --from nvcr.io/nvidia/pytorch:24.01-py3 --time 1:00:00",
                "",
                "  %%hpc container build tools.sif --cpus 4 --mem 8G",
                "  Bootstrap: docker",
                "  From: ubuntu:22.04",
                "  %post",
                "      apt-get update && apt-get install -y python3"
            })
    static final class Build implements Callable<Object> {
        @ParentCommand
        ContainerCommand group;

        @Mixin
        ProfileOption profile = new ProfileOption();

        @Mixin
        ResourceOptions resources = new ResourceOptions();

        @Parameters(index = "0", paramLabel = "NAME.sif", description = "The image's file name in the image folder")
        String image;

        @Option(
                names = "--from",
                paramLabel = "IMAGE",
                description = "Base image (ubuntu:22.04, docker://..., library://..., a .sif): "
                        + "fills the definition's header, or replaces its Bootstrap and From")
        String from;

        @Option(names = "--dry-run", description = "Show the definition and the build job's script; build nothing")
        boolean dryRun;

        @Override
        public Object call() throws Exception {
            String cell = group.parent.call.body().orElse("");
            String definition;
            try {
                definition = ContainerDefinition.withBase(cell, Optional.ofNullable(from));
            } catch (IllegalArgumentException e) {
                throw new MagicException(e.getMessage());
            }
            Cluster cluster = profile.cluster(group.parent.hpc.get());
            ImageBuild build = cluster.imageBuild(image);
            JobSpec.Builder job = JobSpec.builder();
            resources.applyTo(job);
            if (dryRun) {
                return "# " + build.definitionPath() + "\n" + definition + "\n# the build (the job's user-script)\n"
                        + build.script() + "\n# the job script\n"
                        + cluster.render(
                                job.name(build.jobName()).script(build.script()).build());
            }
            Cluster.Submitted done = cluster.buildImage(image, definition, job);
            if (group.parent.context != null) {
                group.parent.context.print("Building " + build.imagePath() + " as job "
                        + done.id().value() + " on " + cluster.profile().where()
                        + ". Follow it with %hpc wait " + done.id().value() + " or %hpc logs "
                        + done.id().value() + "; then use it with --container "
                        + build.imageName() + ".\n" + (done.note().isEmpty() ? "" : done.note() + "\n"));
            }
            return done.id().value();
        }
    }
}
