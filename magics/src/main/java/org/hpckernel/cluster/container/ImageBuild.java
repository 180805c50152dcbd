package org.hpckernel.cluster.container;

import org.hpckernel.cluster.Shell;

/**
 * A container image built as a job: the definition file lies beside the image
 * ({@code IMAGES/NAME.def}), and the job runs {@code apptainer build --fakeroot} (or
 * {@code singularity build --fakeroot} where only Singularity exists, found when the job runs) into a
 * temporary file that replaces {@code IMAGES/NAME.sif} only once the build succeeded, so a failed
 * build leaves the previous image usable.
 */
public record ImageBuild(String imageName, String imagesFolder) {

    public ImageBuild {
        if (!imageName.matches("[A-Za-z0-9][A-Za-z0-9._+-]*")) {
            throw new IllegalArgumentException(
                    "An image name is a file name like pytorch.sif (letters, digits, '.', '_', '+', '-'), not '"
                            + imageName + "'. It is built into the profile's image folder, " + imagesFolder + ".");
        }
        imageName = imageName.endsWith(".sif") ? imageName : imageName + ".sif";
    }

    /** {@code IMAGES/NAME.sif}. */
    public String imagePath() {
        return imagesFolder + "/" + imageName;
    }

    /** {@code IMAGES/NAME.def}: the recipe kept beside its image. */
    public String definitionPath() {
        return imagesFolder + "/" + imageName.substring(0, imageName.length() - ".sif".length()) + ".def";
    }

    /** The job's name: {@code build-NAME}. */
    public String jobName() {
        return "build-" + imageName.substring(0, imageName.length() - ".sif".length());
    }

    /** The job's script. */
    public String script() {
        String partial = imagesFolder + "/." + imageName + ".building-";
        return String.join(
                "\n",
                "#!/bin/bash",
                "# hpc-kernel: build the container image " + imageName.replace("\n", " ") + " from its definition file",
                "image=" + Shell.quote(imagePath()),
                "def=" + Shell.quote(definitionPath()),
                "partial=" + Shell.quote(partial) + "\"$$\"",
                "if command -v apptainer >/dev/null 2>&1; then runtime=apptainer",
                "elif command -v singularity >/dev/null 2>&1; then runtime=singularity",
                "else",
                "  echo \"hpc-kernel: neither apptainer nor singularity is on the PATH of $(hostname). Load it first (--module apptainer;"
                        + " %hpc modules apptainer searches the modules) or ask the site where it is.\" >&2",
                "  exit 127",
                "fi",
                "echo \"hpc-kernel: $runtime build --fakeroot $image from $def on $(hostname)\"",
                "trap 'rm -f \"$partial\"' EXIT",
                "# apptainer reports on stderr: one log then reads as the build went",
                "\"$runtime\" build --force --fakeroot \"$partial\" \"$def\" 2>&1 || exit $?",
                "mv -f \"$partial\" \"$image\" || exit $?",
                "echo \"hpc-kernel: image ready: $image\"",
                "");
    }
}
