// What a client machine needs to talk to an emulated Spark the way it talks to a real one:
// an SSH key the Spark accepts, an ssh_config Host entry, known_hosts, and the Tailspark
// settings that point at it. Used by the demo (npm start), the UI tests and the extension-host benches.
import { tsImport } from 'tsx/esm/api';

/**
 * Starts an emulated Spark with a fresh client key and writes ssh_config + known_hosts into dir.
 * Returns { spark, settings, sshConfig, knownHosts }.
 */
export async function startSparkForClient(dir, sparkOptions = {}) {
  const { startSpark } = await tsImport('../../test/spark-sim/index.ts', import.meta.url);
  const { writeClientSshFiles } = await tsImport('../../test/spark-sim/fleet.ts', import.meta.url);
  const { generateKey } = await tsImport('../../test/harness/sshd.ts', import.meta.url);
  const key = generateKey(dir, 'id_ed25519', { comment: 'tailspark-client' });
  const spark = await startSpark({ ...sparkOptions, authorizedKeys: [key.publicLine] });
  const shortName = spark.hostName;
  // HostName is the address (nothing resolves *.ts.net here); known_hosts lists name, short name, address.
  const { sshConfig, knownHosts } = writeClientSshFiles([spark], dir, key.privatePath);
  const settings = {
    'tailspark.spark.host': spark.magicDnsName,
    'tailspark.ssh.target': shortName,
    'tailspark.ssh.configFile': sshConfig,
    'tailspark.ssh.knownHostsFile': knownHosts,
    'tailspark.service.unit': `${spark.flavor}.service`,
    'tailspark.tailscale.path': spark.clientTailscalePath,
    'tailspark.network.resolve': { ...spark.resolve, [shortName]: spark.address },
  };
  return { spark, settings, sshConfig, knownHosts, shortName };
}

/**
 * Two emulated Sparks on one tailnet and the router in front of both (test/spark-sim/fleet.ts),
 * with one client key, one ssh_config/known_hosts for both, and settings that configure all
 * three as `tailspark.servers` (the first Spark active). Returns { fleet, spark (the first),
 * settings, sshConfig, knownHosts, shortName (the first's) }. fleetOptions: { router (default
 * true; false: two servers, no router), sparks ([options of the first, of the second]) }.
 */
export async function startSparksForClient(dir, sparkOptions = {}, { router = true, sparks } = {}) {
  const { startSparks, writeClientSshFiles } = await tsImport('../../test/spark-sim/fleet.ts', import.meta.url);
  const { generateKey } = await tsImport('../../test/harness/sshd.ts', import.meta.url);
  const key = generateKey(dir, 'id_ed25519', { comment: 'tailspark-client' });
  const fleet = await startSparks({ router, ...(sparks ? { sparks } : {}), common: { ...sparkOptions, authorizedKeys: [key.publicLine] } });
  const { sshConfig, knownHosts } = writeClientSshFiles(fleet.sparks, dir, key.privatePath);
  const [a, b] = fleet.sparks;
  const unit = `${a.flavor}.service`;
  const settings = {
    'tailspark.servers': [
      { name: a.hostName, host: a.magicDnsName, port: a.inferencePort, unit, sshTarget: a.hostName },
      { name: b.hostName, host: b.magicDnsName, port: b.inferencePort, unit, sshTarget: b.hostName },
      ...(fleet.router ? [{ name: 'router', host: fleet.router.host, port: fleet.router.port, unit: '', sshTarget: a.hostName }] : []),
    ],
    'tailspark.activeServer': a.hostName,
    'tailspark.ssh.configFile': sshConfig,
    'tailspark.ssh.knownHostsFile': knownHosts,
    'tailspark.tailscale.path': fleet.clientTailscalePath,
    'tailspark.network.resolve': { ...fleet.resolve, [a.hostName]: a.address, [b.hostName]: b.address },
  };
  return { fleet, spark: a, settings, sshConfig, knownHosts, shortName: a.hostName };
}
