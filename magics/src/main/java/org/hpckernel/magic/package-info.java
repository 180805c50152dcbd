/** Command-line parsing of %hpc/%wandb lines and %% cells, help and completion words. */
package org.hpckernel.magic;
