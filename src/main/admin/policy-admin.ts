// The policy on the admin screen: every setting with its bounds and default, read from the zod
// schema in src/shared/policy.ts (so the screen and main can never disagree), and changes checked
// field by field with a message a manager can act on before ConfigStore validates and audits them.
import { z } from 'zod';
import type { ConfigStore } from '../config/config-store';
import type { RegistryService } from '../registry/registry-service';
import { DEFAULT_POLICY, policySchema, type Policy } from '../../shared/policy';
import {
  POLICY_HELP,
  type PolicyFieldView,
  type PolicyKey,
  type PolicyView,
} from '../../shared/admin';
import { firstIssue, issueDetail } from '../../shared/schemas';
import { AdminError } from './errors';

const shape = policySchema.shape as Record<PolicyKey, z.ZodType>;

function innerOf(schema: z.ZodType): z.ZodType {
  return schema instanceof z.ZodDefault ? (schema.unwrap() as z.ZodType) : schema;
}

/** The largest length an array schema allows, if it says. */
function maxItemsOf(schema: z.ZodArray): number | null {
  const checks = (schema._zod.def.checks ?? []) as Array<{
    _zod: { def: { check?: string; maximum?: number } };
  }>;
  const max = checks.find((c) => c._zod.def.check === 'max_length')?._zod.def.maximum;
  return typeof max === 'number' ? max : null;
}

export const POLICY_FIELDS: readonly PolicyFieldView[] = (Object.keys(shape) as PolicyKey[]).map(
  (key): PolicyFieldView => {
    const inner = innerOf(shape[key]);
    const help = POLICY_HELP[key];
    const fallback = DEFAULT_POLICY[key];
    if (inner instanceof z.ZodNumber) {
      return {
        key,
        kind: 'integer',
        min: inner.minValue ?? Number.MIN_SAFE_INTEGER,
        max: inner.maxValue ?? Number.MAX_SAFE_INTEGER,
        default: fallback as number,
        help,
      };
    }
    if (inner instanceof z.ZodBoolean) {
      return { key, kind: 'boolean', default: fallback as boolean, help };
    }
    if (inner instanceof z.ZodEnum) {
      return {
        key,
        kind: 'choice',
        choices: (inner.options as string[]).slice(),
        default: fallback as string,
        help,
      };
    }
    return {
      key,
      kind: 'list',
      maxItems: inner instanceof z.ZodArray ? maxItemsOf(inner) : null,
      default: (fallback as unknown[]).slice(),
      help,
    };
  },
);

export class PolicyAdmin {
  constructor(private readonly deps: { config: ConfigStore; registry: RegistryService }) {}

  view(): PolicyView {
    return { policy: this.deps.config.policy(), fields: POLICY_FIELDS.map((f) => ({ ...f })) };
  }

  update(patch: Record<string, unknown>, actor: string): PolicyView {
    const checked: Partial<Policy> = {};
    const keys = Object.keys(patch);
    if (keys.length === 0) throw new AdminError('invalid_settings', 'No setting was changed.');
    for (const key of keys) {
      const field = POLICY_FIELDS.find((f) => f.key === key);
      if (!field) throw new AdminError('invalid_settings', `There is no setting called "${key}".`);
      const value = patch[key];
      (checked as Record<string, unknown>)[key] = checkField(field, value);
    }
    if (checked.scopeGroupIds) {
      const missing = checked.scopeGroupIds.filter((id) => !this.deps.registry.groups.byId(id));
      if (missing.length) {
        throw new AdminError(
          'invalid_settings',
          `scopeGroupIds: group ${missing.join(', ')} does not exist.`,
        );
      }
    }
    // Cross-field rules (warning shorter than idle, permanent lockout after the first) are the
    // schema's refinements; ConfigStore reports them as invalid_settings.
    this.deps.config.updatePolicy(checked, actor);
    return this.view();
  }
}

function checkField(field: PolicyFieldView, value: unknown): unknown {
  if (field.kind === 'integer') {
    if (typeof value !== 'number' || !Number.isInteger(value)) {
      throw new AdminError('invalid_settings', `${field.key} must be a whole number.`, {
        field: field.key,
        params: { problem: 'type' },
      });
    }
    if (value < field.min || value > field.max) {
      throw new AdminError(
        'invalid_settings',
        `${field.key} must be between ${field.min} and ${field.max}; ${value} is out of bounds.`,
        { field: field.key, params: { problem: 'out_of_bounds', min: field.min, max: field.max } },
      );
    }
    return value;
  }
  const parsed = innerOf(shape[field.key]).safeParse(value);
  if (!parsed.success) {
    throw new AdminError('invalid_settings', `${field.key}: ${firstIssue(parsed.error)}`, {
      ...issueDetail(parsed.error),
      field: field.key,
    });
  }
  return parsed.data;
}
