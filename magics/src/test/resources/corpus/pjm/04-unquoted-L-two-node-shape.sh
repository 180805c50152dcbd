#!/bin/sh

#------ pjsub options --------#
#PJM -L rscgrp=debug
#PJM -L node=1x2:torus
#PJM --mpi proc=4
#PJM -L elapse=0:10:00
#PJM -g grp01
#PJM -j

#------- run --------#
# sh has no module command until Lmod's profile script is read
[ -r /etc/profile.d/lmod.sh ] && . /etc/profile.d/lmod.sh
module load openmpi
mpirun -np 4 hostname
