import "./bench/lib/env";
import { packageVariant } from "./bench/coldstart/service-copy";
(async () => { for (const v of ["bundled", "external"] as const) { const r = await packageVariant("/tmp/pkgtest2", v); console.log(v, Math.round(r.packageMs), r.zipBytes); } })();
