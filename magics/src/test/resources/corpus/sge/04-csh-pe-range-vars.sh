#!/bin/csh -f
#
#########################################################################
#
#  hpc-kernel test corpus: a csh job script for a parallel environment
#  that takes a range of slots.
#
#########################################################################
#
# ---------------------------
# job name
#$ -N mpi_range

# parallel environment, 2 to 4 slots
#$ -pe mpi 2-4

# variables from the submitting shell
#$ -v MPI_HOME,OMP_NUM_THREADS
# ---------------------------

if ( $?NSLOTS ) then
  echo "slots: $NSLOTS"
endif
if ( $?MPI_HOME ) then
  echo "MPI from $MPI_HOME"
endif
