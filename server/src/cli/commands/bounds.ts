/** `msbound bounds FILE`: the bounds and claims of every experiment and sweep point. */
import type { Command } from 'commander';
import { ExitCode } from '../exit-codes';
import type { CliContext } from '../context';
import { addCommonOptions, analysisOptions, type CommonOptions } from '../options';
import { renderBoundRows } from '../output/render-bounds';
import { boundRows } from '../rows';
import { loadSpec, selectExperiments } from '../spec-file';

export function register(program: Command, context: CliContext): void {
  addCommonOptions(
    program
      .command('bounds')
      .description('compute the single-source and multi-source bounds and check the claims')
      .argument('<file>', 'spec file (.msb)'),
  ).action((file: string, options: CommonOptions) => {
    const loaded = loadSpec(file, analysisOptions(options), context.stderr);
    const experiments = selectExperiments(loaded, options.experiment);
    const rows = experiments.flatMap(boundRows);

    context.stdout(renderBoundRows(rows, options.format, loaded.path));

    const refuted = rows.some((row) => row.claims.some((claim) => claim.status === 'refuted'));
    context.setExitCode(refuted ? ExitCode.claimOrVerdictFailed : ExitCode.success);
  });
}
