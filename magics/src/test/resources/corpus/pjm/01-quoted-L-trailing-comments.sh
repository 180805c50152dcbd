#!/bin/bash
#PJM -L "node=1"                  # nodes
#PJM -L "rscgrp=debug"            # resource group
#PJM -L "elapse=29:59"            # time limit (MM:SS)
#PJM --mpi "max-proc-per-node=1"  # MPI processes per node at most
#PJM -S                           # write the statistics file

# run
export OMP_NUM_THREADS=2
python3 -c 'import os; print("threads", os.environ["OMP_NUM_THREADS"])'
