/**
 * TPC-H examples of the storage shuffle: {@link io.sluice.examples.tpch.TpchQ1} (an aggregation with a
 * map-side combiner) and {@link io.sluice.examples.tpch.TpchJoin} (a join, broadcast when the build side
 * is small, then an aggregation), over dbgen's pipe-delimited text.
 */
package io.sluice.examples.tpch;
