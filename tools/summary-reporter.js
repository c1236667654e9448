// Prints the plain closing line "tests: N passed, N failed, N skipped" that CI reads in any language,
// and the reason for every skipped test, since CI output must explain each skip.
class SummaryReporter {
  onRunComplete(_contexts, results) {
    const skipped = [];
    for (const file of results.testResults) {
      for (const t of file.testResults) {
        if (t.status === 'pending' || t.status === 'skipped' || t.status === 'todo') skipped.push(t.fullName);
      }
    }
    for (const name of skipped) process.stdout.write(`skipped: ${name}\n`);
    const failed = results.numFailedTests + results.numRuntimeErrorTestSuites;
    process.stdout.write(
      `tests: ${results.numPassedTests} passed, ${failed} failed, ${results.numPendingTests + results.numTodoTests} skipped\n`,
    );
  }
}
module.exports = SummaryReporter;
