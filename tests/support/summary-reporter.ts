/**
 * Ends the test output with one plain line, `N passed, N failed, N skipped`, that any CI log
 * reader understands. A suite whose hook failed (its tests then count as skipped) or a file that
 * failed to load is named apart: `, N suites failed`.
 */
import type { Reporter, TestModule } from 'vitest/node';

export default class SummaryReporter implements Reporter {
  onTestRunEnd(testModules: readonly TestModule[]): void {
    const counts = { passed: 0, failed: 0, skipped: 0 };
    let failedSuites = 0;
    for (const module of testModules) {
      const suites = [...module.children.allSuites()];
      const hasFailedTest = [...module.children.allTests()].some(
        (test) => test.result().state === 'failed',
      );
      // A suite fails with its tests too; only one none of whose tests failed failed in a hook.
      failedSuites += suites.filter(
        (suite) =>
          suite.state() === 'failed' &&
          ![...suite.children.allTests()].some((test) => test.result().state === 'failed'),
      ).length;
      if (suites.length === 0 && module.state() === 'failed' && !hasFailedTest) failedSuites += 1;
      for (const test of module.children.allTests()) {
        const state = test.result().state;
        if (state === 'passed') counts.passed += 1;
        else if (state === 'failed') counts.failed += 1;
        else counts.skipped += 1;
      }
    }
    const suites = failedSuites > 0 ? `, ${failedSuites} suites failed` : '';
    process.stdout.write(
      `\ntests: ${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped${suites}\n`,
    );
  }
}
