#!/bin/sh
#------ pjsub options --------#
#PJM -N "pingpong-mpi"
#PJM -L rscgrp=debug
#PJM -L node=1
#PJM --mpi proc=2
#PJM -L elapse=00:03:00
#PJM -g grp01
#PJM -j
#------- run --------#

hostname
[ -r /etc/profile.d/lmod.sh ] && . /etc/profile.d/lmod.sh
module purge
module load openmpi
export PEER_PORT=7100
echo  "peer port ${PEER_PORT} "

mpirun -np 2 hostname
exit
