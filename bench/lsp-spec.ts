/** Generated specs of a given length for the language server benchmark. */

/** Returns one block of the generated spec: an experiment and a child that sweeps n, 17 lines. */
function experimentBlock(index: number): string {
  return [
    `experiment base${index} {`,
    `  sources K = ${2 + (index % 9)}`,
    `  samples n = ${200 + 10 * index}`,
    '  confidence delta = 0.05',
    '  model gaussian {',
    `    dim D = ${5 + (index % 20)}`,
    '    similarity sim = 0.5',
    '  }',
    '  bound paper',
    '  claim multi < single',
    '  claim ratio <= 1',
    '}',
    `experiment sweep${index} extends base${index} {`,
    '  sweep n in [100, 300, 500, 1000, 5000]',
    '  claim advantage >= 0',
    '}',
    '',
  ].join('\n');
}

export function generateSpec(lines: number): string {
  const blocks: string[] = [];
  let count = 0;
  for (let index = 0; count < lines; index++) {
    const block = experimentBlock(index);
    blocks.push(block);
    count += block.split('\n').length - 1;
  }
  return blocks.join('');
}
