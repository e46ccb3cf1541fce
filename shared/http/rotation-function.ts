import { rotationFunctionArns } from "./config.js";
import { ApiError, HttpErrorCodes } from "./errors.js";

/**
 * Refuses a `rotationLambdaArn` that is not one of this service's rotation functions
 * (`ROTATION_FUNCTION_ARNS`), so a caller cannot have Secrets Manager invoke any other function (the
 * authorizer, an HTTP route, another account's code). The match is exact: no qualifier, no other
 * spelling. No ARN (the secret keeps the function it has) passes.
 *
 * @example
 * assertAllowedRotationFunction(body.rotationLambdaArn); // throws RotationFunctionNotAllowed (400)
 */
export function assertAllowedRotationFunction(arn: string | undefined): void {
  if (arn === undefined || rotationFunctionArns().has(arn)) return;
  throw new ApiError(
    HttpErrorCodes.RotationFunctionNotAllowed,
    "rotationLambdaArn must be the ARN of one of this service's rotation functions",
  );
}
