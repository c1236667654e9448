// One autocannon run against a server, reduced to the figures the benchmarks report.
import autocannon from 'autocannon';

/** `timeout`: seconds before a request without an answer counts as an error (a stalled server). */
export const load = async (baseUrl, scenario, connections, seconds, timeout = 30) => {
  const result = await autocannon({ url: baseUrl, connections, duration: seconds, timeout, ...scenario });
  return {
    requestsPerSecond: result.requests.total / result.duration,
    /** Answers in 2xx per second: what counts when a server fails some requests. */
    okPerSecond: result['2xx'] / result.duration,
    p50: result.latency.p50,
    p99: result.latency.p99,
    non2xx: result.non2xx,
    // autocannon counts timeouts among its errors.
    errors: result.errors,
    timeouts: result.timeouts,
    total: result.requests.total,
    ok: result['2xx'],
  };
};
