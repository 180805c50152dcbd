#!/bin/bash
#PJM -L "node=2x3x4:torus:strict-io"  # node shape
#PJM -L "rscgrp=large-torus"          # resource group
#PJM -L "elapse=2:00:00"              # time limit
#PJM --mpi proc=96                    # MPI processes
#PJM -S                               # write the statistics file

export OMP_NUM_THREADS=4
mpiexec -np 96 hostname
