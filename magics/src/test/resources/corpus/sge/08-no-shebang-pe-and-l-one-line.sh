# run on 32 slots for 4 hours of cpu time
# big.pe is the parallel environment of the large nodes
# small.pe would be the one of the analysis nodes

#$ -pe big.pe 32 -l h_cpu=4:00:00

# before a restart, keep these files:
# cost*, snapshot*
#if (-e $TMPDIR ) then
#  echo keep
#endif

echo "scratch: $TMPDIR"
mpirun -np 32 hostname
