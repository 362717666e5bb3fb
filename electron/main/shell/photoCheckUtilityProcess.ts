/**
 * The photo checks' process in the Electron app: a utility process (the app's fuses forbid running
 * its binary as Node, so the services' default `fork` cannot work here), at the same lowered
 * priority. Messages sent before it has spawned are queued, then delivered in order.
 */
import { utilityProcess } from 'electron';
import { lowerProcessPriority, stopChild, type LaunchPhotoCheckProcess } from '../services/photoChecks/checkProcess';
import { resolveWorkerEntry } from '../services/photoChecks/workerEntry';
import { type WorkerRequest, type WorkerResponse } from '../services/photoChecks/workerProtocol';

export const launchPhotoCheckUtilityProcess: LaunchPhotoCheckProcess = () => {
  const child = utilityProcess.fork(resolveWorkerEntry().file, [], {
    serviceName: 'Carte Génération #HDF — contrôle des photos',
    stdio: 'inherit',
  });
  let spawned = false;
  let exited = false;
  const queued: WorkerRequest[] = [];
  child.once('spawn', () => {
    spawned = true;
    lowerProcessPriority(child.pid);
    for (const message of queued.splice(0)) child.postMessage(message);
  });
  child.on('exit', () => {
    exited = true;
  });
  return {
    get pid() {
      return child.pid;
    },
    send(message) {
      if (exited) return;
      if (spawned) child.postMessage(message);
      else queued.push(message);
    },
    onMessage(listener) {
      child.on('message', (message: unknown) => listener(message as WorkerResponse));
    },
    onExit(listener) {
      child.on('exit', (code) => listener(code));
    },
    stop() {
      return stopChild(child, exited);
    },
  };
};
