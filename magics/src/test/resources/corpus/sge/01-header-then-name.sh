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

# Usage: 01-header-then-name.sh [seconds [talk]]
#        seconds to sleep (default 2), talk=0 to stay silent
#
# -- job name --
#$ -N Napper
#$ -S /bin/sh

secs=${1:-2}
talk=${2:-1}
[ "$talk" = 0 ] || date +"nap of ${secs}s from %T"
sleep "$secs"
[ "$talk" = 0 ] || date +"up again at %T"
