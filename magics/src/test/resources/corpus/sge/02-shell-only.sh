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

# run the job with the Bourne shell
#$ -S /bin/sh

start=$(date +%s)
sleep 2
echo "slept $(( $(date +%s) - start ))s on $(hostname)"
