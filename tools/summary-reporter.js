// Prints the plain closing line "tests: N passed, N failed, N skipped" that CI reads in any language,
// and the reason for every skipped test, since CI output must explain each skip. The counts are
// Jest's own (its "Tests:" line), so the two summaries agree. A test file that fails before any of
// its tests runs (an import that throws) has no tests to count: it is named, and counted on the same
// line as "N files failed to run", so a broken file can never look like a green run.
class SummaryReporter {
  onRunComplete(_contexts, results) {
    const skipped = [];
    const broken = [];
    for (const file of results.testResults) {
      if (file.testExecError !== undefined && file.testExecError !== null) broken.push(file.testFilePath);
      for (const t of file.testResults) {
        if (t.status === 'pending' || t.status === 'skipped' || t.status === 'todo') skipped.push(t.fullName);
      }
    }
    for (const name of skipped) process.stdout.write(`skipped: ${name}\n`);
    for (const file of broken) process.stdout.write(`failed to run: ${file}\n`);
    const line = `tests: ${results.numPassedTests} passed, ${results.numFailedTests} failed, ${results.numPendingTests + results.numTodoTests} skipped`;
    process.stdout.write(broken.length > 0 ? `${line}, ${broken.length} files failed to run\n` : `${line}\n`);
  }
}
module.exports = SummaryReporter;
