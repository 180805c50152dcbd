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

# nothing given: work on a line of our own
if [ -z "$SGE_IN" ] || [ ! -f "$SGE_IN" ]; then
	echo "no input file, using a sample line" >&2
	echo "sample line" | tr 'a-z' 'A-Z'
	exit 0
fi

tr 'a-z' 'A-Z' < "$SGE_IN" > "${SGE_OUT:-upper.txt}"
