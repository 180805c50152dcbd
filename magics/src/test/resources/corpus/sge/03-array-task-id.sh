#!/bin/sh
#
#########################################################################
#
#  hpc-kernel test corpus
#
#  A Grid Engine job script written for the hpc-kernel tests. The block
#  of comment lines above the directives stands for the licence header
#  that long-lived example scripts carry; qsub looks for "#$" lines
#  anywhere in the file, so the header changes nothing.
#
#########################################################################
#

# run the job with "/bin/sh"
#$ -S /bin/sh
# three tasks
#$ -t 1-3

echo "task ${SGE_TASK_ID} of job ${JOB_ID}"
