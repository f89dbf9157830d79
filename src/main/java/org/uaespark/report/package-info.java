/**
 * Pictures for the HTML report: JFreeChart charts and grids of sample images, rendered to PNG bytes.
 */
package org.uaespark.report;
