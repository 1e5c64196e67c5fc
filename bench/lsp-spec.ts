/** Generated specs of a given length for the language server benchmark. */

/** One experiment of the generated spec: 17 lines, with a sweep, claims and a child. */
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
