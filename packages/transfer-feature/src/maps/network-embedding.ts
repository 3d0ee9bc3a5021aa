import { embed, networkFromJSON, networkToJSON, type Network, type NetworkJSON } from '@tlkit/nn';
import type { DenseMatrix, MatrixInput } from '@tlkit/tensor-core';
import type { FeatureMap, FeatureMapJSON } from '../feature-map.js';
import { rowsOf } from '../internal/statistics.js';

export interface NetworkEmbeddingOptions {
  /** A network trained on the source task; it is used as it is (not copied, not trained further). */
  readonly network: Network;
  /** The layer whose activations are the features, by name or index; default the layer feeding the head. */
  readonly layer?: string | number;
}

export interface NetworkEmbeddingJSON extends FeatureMapJSON {
  readonly kind: 'NetworkEmbedding';
  readonly version: 1;
  readonly layer: string;
  readonly network: NetworkJSON;
}

/** The hidden layer of a network trained on the source, as features for a model of the target. */
export class NetworkEmbedding implements FeatureMap {
  readonly kind = 'NetworkEmbedding';
  readonly network: Network;
  readonly layer: string;
  private fitted = false;
  /** The network was made here (by fromJSON), not handed in: dispose() frees it. */
  private ownsNetwork = false;

  constructor(options: NetworkEmbeddingOptions) {
    this.network = options.network;
    this.layer = options.network.layer(options.layer ?? options.network.featureLayer.name).name;
  }

  get isFitted(): boolean {
    return this.fitted;
  }

  get outputDim(): number {
    const shape = this.network.layer(this.layer).outputShape as (number | null)[];
    return shape.slice(1).reduce<number>((a, b) => a * (b ?? 1), 1);
  }

  /** Checks that the source rows fit the network; the network itself was trained beforehand. */
  fit(source: MatrixInput): this {
    const width = this.network.inputShape.reduce((a, b) => a * b, 1);
    rowsOf('NetworkEmbedding.fit', source, width, 'source');
    this.fitted = true;
    return this;
  }

  transform(X: MatrixInput): DenseMatrix {
    return embed(this.network, X, { layer: this.layer });
  }

  toJSON(): NetworkEmbeddingJSON {
    return { kind: 'NetworkEmbedding', version: 1, layer: this.layer, network: networkToJSON(this.network) };
  }

  static async fromJSON(json: NetworkEmbeddingJSON): Promise<NetworkEmbedding> {
    const map = new NetworkEmbedding({ network: await networkFromJSON(json.network), layer: json.layer });
    map.fitted = true;
    map.ownsNetwork = true;
    return map;
  }

  /** Frees the network when this map loaded it (fromJSON); a network handed to the constructor stays its owner's. */
  dispose(): void {
    if (this.ownsNetwork) this.network.dispose();
    this.ownsNetwork = false;
  }
}
