#!/bin/sh
#
# Upper-cases a file given in SGE_IN into SGE_OUT, or a fixed line when
# they are not given.
#
# Usage: qsub -v SGE_IN=<input file>,SGE_OUT=<output file> \
#	05-two-options-one-line-join.sh

#$ -cwd
#$ -o upper.log -j y
#$ -S /bin/sh

# without SGE_IN, a line of our own (the warning lands in upper.log too)
if [ -z "$SGE_IN" ] || [ ! -f "$SGE_IN" ]; then
	echo "SGE_IN not set, using a sample line" >&2
	printf 'sample line\n' | awk '{ print toupper($0) }'
	exit 0
fi

awk '{ print toupper($0) }' "$SGE_IN" > "${SGE_OUT:-upper.txt}"
