/** What every action form gets from the secret's page. */
import type { ApiSchema } from "../../../client";
import type { Answer } from "../answer";
import type { ValueShape } from "../value-shape";

export interface ActionProps {
  name: string;
  secret: ApiSchema<"SecretDescription">;
  /** The value's keys and the version read (the If-Match of value writes); absent while unreadable. */
  shape?: ValueShape;
  /** Shows the API's answer; a success reloads the page (and may wait for a rotation's version). */
  done(action: string, answer: Answer<unknown>, then?: AfterAction): void;
}

export interface AfterAction {
  /** A rotation started: read the versions again until this one is AWSCURRENT. */
  awaitVersion?: string;
  /** The secret no longer exists. */
  gone?: boolean;
}
