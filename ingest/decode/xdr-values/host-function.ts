import { createHash } from 'node:crypto';
import type { xdr } from '@stellar/stellar-sdk';
import type {
  ContractDeployerJson,
  ContractExecutableJson,
  HostFunctionJson,
} from '../../../contracts/operation-bodies.ts';
import { bytesOf } from '../bytes.ts';
import { scAddressToStrkey, scValToJson } from '../scval-to-json.ts';
import { assetToString } from './asset.ts';
import { hex, textFields } from './text.ts';

export function contractExecutableToJson(e: xdr.ContractExecutable): ContractExecutableJson {
  switch (e.type) {
    case 'contractExecutableWasm':
      return { type: 'wasm', wasmHash: hex(bytesOf(e.wasmHash)) };
    case 'contractExecutableStellarAsset':
      return { type: 'stellarAsset' };
    case 'contractExecutableExternalRef':
      return {
        type: 'externalRef',
        owner: scAddressToStrkey(e.externalRef.executableOwner),
        ...textFields('tag', e.externalRef.tag),
      };
  }
}

export function contractDeployerToJson(p: xdr.ContractIdPreimage): ContractDeployerJson {
  switch (p.type) {
    case 'contractIdPreimageFromAddress':
      return {
        type: 'address',
        address: scAddressToStrkey(p.fromAddress.address),
        salt: hex(bytesOf(p.fromAddress.salt)),
      };
    case 'contractIdPreimageFromAsset':
      return { type: 'asset', asset: assetToString(p.fromAsset) };
  }
}

export function hostFunctionToJson(f: xdr.HostFunction): HostFunctionJson {
  switch (f.type) {
    case 'hostFunctionTypeInvokeContract':
      return {
        kind: 'invokeContract',
        contractAddress: scAddressToStrkey(f.invokeContract.contractAddress),
        ...textFields('functionName', f.invokeContract.functionName),
        args: f.invokeContract.args.map(scValToJson),
      };
    case 'hostFunctionTypeCreateContract':
      return {
        kind: 'createContract',
        executable: contractExecutableToJson(f.createContract.executable),
        deployer: contractDeployerToJson(f.createContract.contractIdPreimage),
      };
    case 'hostFunctionTypeCreateContractV2':
      return {
        kind: 'createContractV2',
        executable: contractExecutableToJson(f.createContractV2.executable),
        deployer: contractDeployerToJson(f.createContractV2.contractIdPreimage),
        constructorArgs: f.createContractV2.constructorArgs.map(scValToJson),
      };
    case 'hostFunctionTypeUploadContractWasm':
      return {
        kind: 'uploadContractWasm',
        wasmHash: createHash('sha256').update(f.wasm).digest('hex'),
        wasmSize: f.wasm.length,
      };
  }
}
