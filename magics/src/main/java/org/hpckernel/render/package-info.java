/** Plain values to display forms: Tablesaw tables to capped text/HTML, charts to PNG. */
package org.hpckernel.render;
