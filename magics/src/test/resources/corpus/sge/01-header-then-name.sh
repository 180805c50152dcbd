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

secs=2
talk=1
if [ $# -ge 1 ]; then
   secs=$1
fi
if [ $# -ge 2 ]; then
   talk=$2
fi

if [ "$talk" != '0' ]; then
   /bin/echo Going to sleep at: `date`
fi

sleep $secs

if [ "$talk" != '0' ]; then
   echo Awake at: `date`
fi
