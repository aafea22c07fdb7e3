import {
  AccessDeniedException,
  ConflictException,
  InternalServerException,
  ResourceNotFoundException,
  ServiceQuotaExceededException,
  ThrottlingException,
  ValidationException,
} from '@aws-sdk/client-connectcases';
import { describe, expect, it } from 'vitest';
import { connectCasesError } from '../../../lambdas/adapters/connect-cases/errors.ts';
import { DomainError } from '../../../lambdas/domain/errors.ts';

const $metadata = {};

describe('connectCasesError', () => {
  it.each([
    ['ThrottlingException', new ThrottlingException({ message: 'Rate exceeded', $metadata })],
    ['InternalServerException', new InternalServerException({ message: 'Oops', $metadata })],
    ['ServiceQuotaExceededException', new ServiceQuotaExceededException({ message: 'Quota', $metadata })],
    ['a dropped connection', Object.assign(new Error('socket hang up'), { name: 'Error', code: 'ECONNRESET' })],
  ])('makes %s a retryable DEPENDENCY_UNAVAILABLE', (_name, error) => {
    // Arrange
    const what = 'reading case c-1';
    // Act
    const mapped = connectCasesError(what, error);
    // Assert
    expect(mapped).toMatchObject({ code: 'DEPENDENCY_UNAVAILABLE', retryable: true, cause: error });
  });

  it('makes ResourceNotFoundException NOT_FOUND and ConflictException a retryable CONFLICT', () => {
    // Arrange
    const missing = new ResourceNotFoundException({
      message: 'no case',
      resourceId: 'c-1',
      resourceType: 'Case',
      $metadata,
    });
    const conflict = new ConflictException({ message: 'busy', $metadata });
    // Act
    const mapped = [connectCasesError('reading', missing), connectCasesError('updating', conflict)];
    // Assert
    expect(mapped).toMatchObject([
      { code: 'NOT_FOUND', retryable: false },
      { code: 'CONFLICT', retryable: true },
    ]);
  });

  it('makes ValidationException and AccessDeniedException non-retryable, naming the setting or the policy to fix', () => {
    // Arrange
    const rejected = new ValidationException({ message: 'Field f-9 does not exist', $metadata });
    const denied = new AccessDeniedException({ message: 'not authorized to perform cases:UpdateCase', $metadata });
    // Act
    const [invalid, forbidden] = [
      connectCasesError('creating case c-1', rejected),
      connectCasesError('updating', denied),
    ];
    // Assert
    expect(invalid).toMatchObject({ code: 'INTERNAL', retryable: false });
    expect(invalid.message).toContain('Field f-9 does not exist');
    expect(invalid.message).toContain('CONNECT_CASES_FIELD_MAP');
    expect(forbidden).toMatchObject({ code: 'INTERNAL', retryable: false });
    expect(forbidden.message).toContain('docs/connect-cases.md');
  });

  it('passes a DomainError through as it is', () => {
    // Arrange
    const error = new DomainError('CONFLICT', 'case c-1 is closed');
    // Act
    const mapped = connectCasesError('changing', error);
    // Assert
    expect(mapped).toBe(error);
  });
});
