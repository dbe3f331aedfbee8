// The `tailspark` command-line front over src/core (see README "CLI").
async function main(argv: string[]): Promise<number> {
  const [command] = argv;
  switch (command) {
    case '--version':
    case 'version':
      console.log('tailspark 0.1.0');
      return 0;
    default:
      console.error(`tailspark: unknown command ${command ?? '(none)'}; try: detect, explain, probe, run, targets, apply, revert`);
      return 2;
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err) => {
    console.error(`tailspark: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  },
);
